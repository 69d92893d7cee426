// Placeholder until the CLI lands.
export {};
