export * from './app.ts';
export * from './config.ts';
export * from './server.ts';
export { placeOrder } from './commands/place-order.ts';
