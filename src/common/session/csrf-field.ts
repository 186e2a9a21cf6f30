import { IsString } from 'class-validator';

/** The hidden _csrf field every form carries; its value is checked by WebSession.assertCsrf. */
export const CsrfField = () => IsString({ message: 'the form is missing its security token: reload the page and try again' });
