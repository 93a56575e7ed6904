// Vite turns a CSS import into a stylesheet in the build.
declare module '*.css';
