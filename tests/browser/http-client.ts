/** A small JSON client for seeding through the real API, as a script would. */
export class ApiClient {
  constructor(
    readonly baseUrl: string,
    private readonly token?: string,
  ) {}

  withToken(token: string): ApiClient {
    return new ApiClient(this.baseUrl, token);
  }

  async request<T>(
    method: string,
    path: string,
    body?: unknown,
    expectStatus?: number[],
  ): Promise<T> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: {
        accept: 'application/json',
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(this.token ? { authorization: `Bearer ${this.token}` } : {}),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    const ok = expectStatus ? expectStatus.includes(response.status) : response.ok;
    if (!ok)
      throw new Error(`${method} ${path} answered ${response.status}: ${text.slice(0, 500)}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }

  get<T>(path: string): Promise<T> {
    return this.request<T>('GET', path);
  }

  post<T>(path: string, body?: unknown): Promise<T> {
    return this.request<T>('POST', path, body);
  }
}

export async function login(baseUrl: string, username: string, password: string): Promise<string> {
  const answer = await new ApiClient(baseUrl).post<{ token?: string }>('/api/auth/login', {
    username,
    password,
  });
  if (!answer.token) throw new Error(`login of ${username} returned no token`);
  return answer.token;
}
