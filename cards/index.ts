export { renderCardJson, renderCardMessage, type CardName } from './render.js';
