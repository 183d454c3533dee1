// Calls to the operations endpoints with the bearer token, and the problems (RFC 9457) they answer with.

/** The path every endpoint is under, as the server wrote it into the page. */
export const BASE = document.documentElement.dataset.base || '';

export class ProblemError extends Error {
  constructor(status, problem) {
    super((problem && (problem.detail || problem.title)) || 'HTTP ' + status);
    this.status = status;
  }
}

export async function problemOf(response) {
  try {
    return await response.json();
  } catch (e) {
    return null;
  }
}

export async function call(token, method, path, body) {
  const headers = {'Authorization': 'Bearer ' + token, 'Accept': 'application/json'};
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
  }
  const response = await fetch(BASE + path, {method, headers, body: body === undefined ? undefined : JSON.stringify(body),
    cache: 'no-store'});
  if (!response.ok) {
    throw new ProblemError(response.status, await problemOf(response));
  }
  return response.json();
}
