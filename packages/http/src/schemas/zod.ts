import { extendZodWithOpenApi } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';

// Once, before any schema is built: adds `.openapi()` to zod types.
extendZodWithOpenApi(z);

export { z };
