export * from './tokens';
export * from './remembered-tokens';
