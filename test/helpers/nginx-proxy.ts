/**
 * A real nginx caching reverse proxy in front of one or more origins, for the scale-out and caching
 * tests (architecture.md "Scale"). Everything nginx writes (pid, logs, cache, temp) stays in `dir`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { freePort } from './free-port.ts';

/** nginx's binary, or undefined (the suites skip, saying how to install it). */
export const NGINX = ['/usr/sbin/nginx', '/usr/bin/nginx'].find((p) => existsSync(p));

export interface NginxProxyOptions {
  /** A folder of the test's own; nginx's cache, temp files and logs go in it. */
  readonly dir: string;
  /** The origins' base URLs (`http://host:port`); more than one become an upstream group. */
  readonly origins: readonly string[];
  /** Extra directives inside `location /` (retries, timeouts, headers). */
  readonly locationDirectives?: readonly string[];
  readonly cacheZoneMb?: number;
  readonly workerConnections?: number;
}

export interface NginxProxy {
  readonly url: string;
  readonly process: ChildProcess;
  errorLog(): Promise<string>;
  stop(): void;
}

export async function startNginxProxy(o: NginxProxyOptions): Promise<NginxProxy> {
  if (!NGINX) throw new Error('nginx is not installed (apt-get install nginx-light; .ci/run does)');
  for (const d of ['cache', 'tmp']) await mkdir(path.join(o.dir, d), { recursive: true });
  const port = await freePort();
  const hosts = o.origins.map((u) => new URL(u).host);
  const upstream =
    hosts.length > 1
      ? `  upstream origins {\n${hosts.map((h) => `    server ${h} max_fails=1 fail_timeout=30s;`).join('\n')}\n    keepalive 16;\n  }\n`
      : '';
  const target = hosts.length > 1 ? 'http://origins' : o.origins[0]!;
  const conf = path.join(o.dir, 'nginx.conf');
  await writeFile(
    conf,
    // As root, nginx's workers would drop to 'nobody' and could not write the private temp cache.
    `${process.getuid?.() === 0 ? 'user root;' : ''}
daemon off;
pid ${o.dir}/nginx.pid;
error_log ${o.dir}/error.log warn;
worker_processes 1;
events { worker_connections ${o.workerConnections ?? 64}; }
http {
  access_log off;
  client_body_temp_path ${o.dir}/tmp/body;
  proxy_temp_path ${o.dir}/tmp/proxy;
  fastcgi_temp_path ${o.dir}/tmp/fastcgi;
  uwsgi_temp_path ${o.dir}/tmp/uwsgi;
  scgi_temp_path ${o.dir}/tmp/scgi;
  proxy_cache_path ${o.dir}/cache levels=1:2 keys_zone=origin:${o.cacheZoneMb ?? 1}m max_size=200m inactive=10m use_temp_path=off;
${upstream}  server {
    listen 127.0.0.1:${port};
    location / {
      proxy_pass ${target};
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_cache origin;
      add_header X-Cache-Status $upstream_cache_status always;
${(o.locationDirectives ?? []).map((d) => `      ${d}`).join('\n')}
    }
  }
}
`,
  );
  const child = spawn(NGINX, ['-p', o.dir, '-c', conf], { stdio: 'ignore' });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    try {
      await fetch(`${url}/crossdomain.xml`);
      break;
    } catch (e) {
      if (i >= 50 || child.exitCode !== null) {
        child.kill('SIGTERM');
        const log = await readFile(path.join(o.dir, 'error.log'), 'utf8').catch(() => '');
        throw new Error(`nginx did not start on ${url}\n${log}`, { cause: e });
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return {
    url,
    process: child,
    errorLog: () => readFile(path.join(o.dir, 'error.log'), 'utf8').catch(() => ''),
    stop: () => void child.kill('SIGTERM'),
  };
}
