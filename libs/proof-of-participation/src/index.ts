export * from './minimal-pdf';
export * from './proof-store';
export * from './render-proof-of-participation';
