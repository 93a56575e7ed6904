import '../styles.css';
import './admin.css';
import { Console } from './console.js';

new Console().start();
