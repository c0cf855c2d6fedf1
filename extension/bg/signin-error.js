// What a sign-in or refresh through Zoho can end in, as one error type with a code.

export class SignInError extends Error {
  constructor(code, message) {
    super(message);
    this.code = code;
  }
}

// Zoho's throttle keeps its own code: it is an access_denied that the person did not choose.
export function signInErrorOf(error) {
  return new SignInError(error.code === 'zoho_throttled' ? error.code : error.zoho_error ?? error.code, error.message);
}

export function flowError(message, refresh) {
  if (refresh) {
    // A refresh that needs a page (Zoho asking to sign in, or a throttle page) cannot complete silently.
    return new SignInError('interaction_required', 'Zoho wants you to sign in again: your Zoho session has ended.');
  }
  if (/did not approve|closed|cancel/i.test(message)) {
    return new SignInError('cancelled', 'Sign-in was cancelled before Zoho sent you back.');
  }
  return new SignInError('flow_failed', `Sign-in could not finish: ${message}`);
}

