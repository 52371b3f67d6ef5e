export { renderCardJson, type CardName } from './render.js';
