import { createServer, type IncomingHttpHeaders, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface RecordedRequest {
  path: string
  headers: IncomingHttpHeaders
}

export interface RecordingServer {
  /** 'ADDRESS:PORT' */
  host: string
  requests: RecordedRequest[]
  serve(path: string, bytes: Buffer): void
  stop(): Promise<void>
}

function listen(server: Server, address: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error): void => reject(error)
    server.once('error', onError)
    server.listen(0, address, () => {
      server.off('error', onError)
      resolve()
    })
  })
}

/**
 * Stands in for blob storage on another host. Node's fetch compares origins, so a different
 * address (or failing that, port) is what makes a redirect cross-origin for Authorization stripping.
 */
export async function startRecordingServer(host = '127.0.0.2'): Promise<RecordingServer> {
  const requests: RecordedRequest[] = []
  const blobs = new Map<string, Buffer>()
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/'
    requests.push({ path, headers: { ...req.headers } })
    req.resume()
    const bytes = blobs.get(path)
    if (bytes === undefined || (req.method !== 'GET' && req.method !== 'HEAD')) {
      res.writeHead(404, { 'content-type': 'text/plain', 'content-length': 9 })
      res.end('not found')
      return
    }
    res.writeHead(200, {
      'content-type': 'application/octet-stream',
      'content-length': bytes.length,
    })
    res.end(req.method === 'HEAD' ? undefined : bytes)
  })

  let address = host
  try {
    await listen(server, host)
  } catch {
    // 127.0.0.0/8 is all loopback on Linux, but macOS and some containers only configure
    // 127.0.0.1; another port on it is still a different origin, only not a different hostname.
    address = '127.0.0.1'
    await listen(server, address)
  }
  const { port } = server.address() as AddressInfo

  let stopped: Promise<void> | undefined
  return {
    host: `${address}:${port}`,
    requests,
    serve(path, bytes) {
      blobs.set(path, bytes)
    },
    stop() {
      stopped ??= (async () => {
        server.closeAllConnections()
        await new Promise<void>((resolve) => server.close(() => resolve()))
      })()
      return stopped
    },
  }
}
