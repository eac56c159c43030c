import { connect, createServer, type Server } from 'node:net';

export const LOOPBACK = '127.0.0.1';

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: LOOPBACK, port, exclusive: true }, () => {
      const address = server.address();
      if (address && typeof address === 'object') resolve(address.port);
      else reject(new Error('could not read the bound port'));
    });
  });
}

function close(server: Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}

/** `count` distinct TCP ports that were free on 127.0.0.1 a moment ago (found by binding port 0). */
export async function freePorts(count: number): Promise<number[]> {
  const servers = Array.from({ length: count }, () => createServer());
  try {
    const ports: number[] = [];
    for (const server of servers) ports.push(await listen(server, 0));
    return ports;
  } finally {
    await Promise.all(servers.map(close));
  }
}

/** A TCP port that was free on 127.0.0.1 a moment ago. */
export async function freePort(): Promise<number> {
  const [port] = await freePorts(1);
  return port!;
}

/** Throws a message naming the setting to change when `port` is already taken on 127.0.0.1. */
export async function assertPortFree(port: number, what: string, hint = ''): Promise<void> {
  const server = createServer();
  try {
    await listen(server, port);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'EADDRINUSE' ? 'is already in use' : `cannot be bound (${code ?? String(error)})`;
    throw new Error(`port ${port} for ${what} ${reason} on ${LOOPBACK}${hint ? `; ${hint}` : ''}`);
  } finally {
    await close(server);
  }
}

/** True when something accepts TCP connections on host:port. */
export function isPortOpen(port: number, host = LOOPBACK, timeoutMs = 1_000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (open: boolean) => {
      socket.destroy();
      resolve(open);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}
