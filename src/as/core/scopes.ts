/** Scopes this AS knows, with the words a person reads on the consent page. */
export const ACCOUNT_SCOPES = ['accounts:read', 'transactions:read'] as const;
export const PROTECTION_SCOPE = 'uma_protection';
/** Grant Management for OAuth 2.0 §6.1: the scopes of the grant management API. */
export const GRANT_MANAGEMENT_QUERY = 'grant_management_query';
export const GRANT_MANAGEMENT_REVOKE = 'grant_management_revoke';
export const SUPPORTED_SCOPES = [...ACCOUNT_SCOPES, PROTECTION_SCOPE, GRANT_MANAGEMENT_QUERY, GRANT_MANAGEMENT_REVOKE];

export const SCOPE_WORDS: Record<string, string> = {
  'accounts:read': 'See your accounts and their balances',
  'transactions:read': 'See your transactions',
  uma_protection: 'Register your accounts here, so that this AS decides who may read them',
  grant_management_query: 'Look up what you allowed it (this grant)',
  grant_management_revoke: 'End this grant itself',
};

export function parseScope(scope: string | undefined): string[] {
  return [...new Set((scope ?? '').split(' ').filter(Boolean))];
}

export function isAccountScope(scope: string): boolean {
  return (ACCOUNT_SCOPES as readonly string[]).includes(scope);
}
