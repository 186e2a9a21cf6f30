// The peer's fixed clients and resource server, shared by its server (../peer-server.mjs) and the bench.
export const PEER = {
  app: { client_id: 'bench-app', client_secret: 'bench-app-secret-0123456789abcdef0123456789abcdef' },
  bank: { client_id: 'bench-bank', client_secret: 'bench-bank-secret-0123456789abcdef0123456789abcdef' },
  minter: { client_id: 'bench-minter', client_secret: 'bench-minter-secret-0123456789abcdef0123456789ab' },
  resource: 'https://bank.bench.invalid/',
  scope: 'accounts:read transactions:read',
};
