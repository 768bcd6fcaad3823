// Examples for ssrf/js-http-no-timeout. `expect:` lines must fire, `ok:` lines must stay quiet.
import axios from "axios";
import got from "got";

export async function fetchRates(base: string) {
  // expect: ssrf/js-http-no-timeout
  const { data } = await axios.get("https://api.exchangerate.example/latest", { params: { base } });
  return data;
}

export async function notify(webhookUrl: string, payload: unknown) {
  // expect: ssrf/js-http-no-timeout
  await axios.post(webhookUrl, payload);
  // expect: ssrf/js-http-no-timeout
  await axios.put(webhookUrl, payload, { headers: { "Content-Type": "application/json" } });
  // expect: ssrf/js-http-no-timeout
  await axios({ method: "delete", url: webhookUrl });
  // expect: ssrf/js-http-no-timeout
  const body = await got(webhookUrl).json();
  // expect: ssrf/js-http-no-timeout
  await got.post(webhookUrl, { json: payload });
  return body;
}

export async function fromTheBrowser(payload: unknown) {
  // ok: ssrf/js-http-no-timeout
  return axios.post("/api/users", payload);
}

export async function withTimeouts(url: string, payload: unknown, options: object) {
  // ok: ssrf/js-http-no-timeout
  await axios.get(url, { timeout: 5000 });
  // ok: ssrf/js-http-no-timeout
  await axios.post(url, payload, { timeout: 5000, headers: { "X-Id": "1" } });
  // ok: ssrf/js-http-no-timeout
  await axios.get(url, { signal: AbortSignal.timeout(5000) });
  // ok: ssrf/js-http-no-timeout
  await axios.get(url, options);
  // ok: ssrf/js-http-no-timeout
  await axios.post(url, payload, { ...options });
  // ok: ssrf/js-http-no-timeout
  await got(url, { timeout: { request: 10_000 } });
  // ok: ssrf/js-http-no-timeout
  const api = axios.create({ baseURL: url, timeout: 5000 });
  // ok: ssrf/js-http-no-timeout
  return axios.isAxiosError(api) ? null : axios.getUri({ url });
}
