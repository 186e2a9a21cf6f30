/**
 * Rich Authorization Requests (RFC 9396) of type account_information (its §2 example): what to do
 * (`actions`), where (`locations`: here one per bank, its resource identifier) and which data (`datatypes`).
 */
export const ACCOUNT_INFORMATION = 'account_information';
export const AUTHORIZATION_DETAILS_TYPES = [ACCOUNT_INFORMATION];

/** Each action and the scope it stands for at Steward's banks. */
export const ACTION_SCOPES: Record<string, string> = {
  list_accounts: 'accounts:read',
  read_balances: 'accounts:read',
  read_transactions: 'transactions:read',
};
export const ACTION_WORDS: Record<string, string> = {
  list_accounts: 'List your accounts',
  read_balances: 'See their balances',
  read_transactions: 'See your transactions',
};
export const DATATYPES = ['balances', 'transactions', 'account_details'];

export interface AccountInformationDetail {
  type: typeof ACCOUNT_INFORMATION;
  actions: string[];
  locations?: string[];
  datatypes?: string[];
  /** In a bank token: the account (its registered resource id). */
  identifier?: string;
}

/** The scopes the details stand for (RFC 9396 §3.1: merged with `scope` at consent). */
export function scopesOf(details: AccountInformationDetail[]): string[] {
  return [...new Set(details.flatMap((d) => d.actions.map((a) => ACTION_SCOPES[a])))];
}

/**
 * What the person granted (RFC 9396 §7.1): each requested detail, its locations now the banks of the
 * accounts the person chose (those the request named, if it named any).
 */
export function grantedDetails(requested: AccountInformationDetail[], chosenBanks: string[]): AccountInformationDetail[] {
  return requested
    .map((d) => ({ ...d, locations: [...new Set(chosenBanks)].filter((b) => !d.locations || d.locations.includes(b)).sort() }))
    .filter((d) => d.locations.length > 0);
}

/** RFC 9396 §9.1: the details of one audience, for the token meant for one account at one bank. */
export function detailsForAccount(granted: AccountInformationDetail[], bank: string, resourceId: string, resourceScopes: string[]): AccountInformationDetail[] {
  return granted
    .filter((d) => d.locations?.includes(bank))
    .map((d) => ({ ...d, actions: d.actions.filter((a) => resourceScopes.includes(ACTION_SCOPES[a])), locations: [bank], identifier: resourceId }))
    .filter((d) => d.actions.length > 0);
}
