/**
 * Starts a local moto_server (AWS API emulator) on 127.0.0.1 for handler tests, and stops it by its PID.
 * When moto_server is missing the suite says so and skips, except under CI=true, where that is a failure.
 */
import { ChildProcess, spawn, spawnSync } from 'child_process';
import * as net from 'net';

export interface MotoServer {
  readonly endpoint: string;
  readonly port: number;
  stop(): Promise<void>;
}

export function haveMoto(): boolean {
  const ok = spawnSync('sh', ['-c', 'command -v moto_server'], { stdio: 'ignore' }).status === 0;
  if (!ok) {
    if (process.env.CI === 'true') {
      throw new Error('moto_server is not installed, and CI=true requires it (pip install "moto[server]").');
    }
    // eslint-disable-next-line no-console
    console.warn('SKIPPED: moto_server is not installed, so handler integration tests did NOT run.');
  }
  return ok;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

async function waitUntilUp(endpoint: string, proc: ChildProcess, deadlineMs: number): Promise<void> {
  const until = Date.now() + deadlineMs;
  while (Date.now() < until) {
    if (proc.exitCode !== null) throw new Error(`moto_server exited early with code ${proc.exitCode}`);
    try {
      const res = await fetch(`${endpoint}/moto-api/`);
      if (res.status < 500) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`moto_server did not answer at ${endpoint} within ${deadlineMs} ms`);
}

export async function startMoto(): Promise<MotoServer> {
  const port = await freePort();
  const proc = spawn('moto_server', ['-H', '127.0.0.1', '-p', String(port)], { stdio: 'ignore' });
  const endpoint = `http://127.0.0.1:${port}`;
  await waitUntilUp(endpoint, proc, 30000);
  return {
    endpoint,
    port,
    stop: () => new Promise<void>((resolve) => {
      if (proc.exitCode !== null) return resolve();
      proc.once('exit', () => resolve());
      process.kill(proc.pid!, 'SIGTERM');
    }),
  };
}

/** SDK v3 client settings for moto: dummy credentials, a fixed region, path-style S3. */
export function motoClientConfig(endpoint: string) {
  return {
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
    forcePathStyle: true,
  };
}
