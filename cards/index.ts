export { renderCard, renderCardJson, type CardName } from './render.js';
