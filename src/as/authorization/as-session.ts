import { UseSession } from '../../common/session/session.decorators.js';

/** The AS's browser session: its own cookie, sent only to /as. */
export const AsSession = () => UseSession(() => ({ name: 'as', path: '/as' }));
