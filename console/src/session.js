// The API key lives in sessionStorage only: it goes when the tab closes and is never written to
// a cookie, so the gateway never receives it except in the Authorization header of API calls.
const KEY = 'flowmesh.apiKey';

export const session = {
  apiKey: () => sessionStorage.getItem(KEY),
  signIn: (apiKey) => sessionStorage.setItem(KEY, apiKey),
  signOut: () => sessionStorage.removeItem(KEY),
};
