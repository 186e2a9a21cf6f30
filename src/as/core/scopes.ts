/** Scopes this AS knows, with the words a person reads on the consent page. */
export const ACCOUNT_SCOPES = ['accounts:read', 'transactions:read'] as const;
export const PROTECTION_SCOPE = 'uma_protection';
export const SUPPORTED_SCOPES = [...ACCOUNT_SCOPES, PROTECTION_SCOPE];

export const SCOPE_WORDS: Record<string, string> = {
  'accounts:read': 'See your accounts and their balances',
  'transactions:read': 'See your transactions',
  uma_protection: 'Register your accounts here, so that this AS decides who may read them',
};

export function parseScope(scope: string | undefined): string[] {
  return [...new Set((scope ?? '').split(' ').filter(Boolean))];
}

export function isAccountScope(scope: string): boolean {
  return (ACCOUNT_SCOPES as readonly string[]).includes(scope);
}
