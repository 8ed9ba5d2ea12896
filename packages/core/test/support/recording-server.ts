import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** One request as the server received it. */
export interface ReceivedRequest {
  method: string;
  url: string;
  headers: IncomingMessage["headers"];
  body: string;
}

/** A loopback HTTP server that records every request and answers with `respond`. */
export interface RecordingServer {
  readonly endpoint: string;
  readonly received: ReceivedRequest[];
  respond: (request: ReceivedRequest, response: ServerResponse) => void;
  close(): Promise<void>;
}

/** Starts a {@link RecordingServer} on 127.0.0.1 and a free port. */
export async function startRecordingServer(): Promise<RecordingServer> {
  let server: Server | undefined;
  const recording: RecordingServer = {
    endpoint: "",
    received: [],
    respond: (_request, response) => response.end(),
    close: async () => {
      server?.closeAllConnections();
      await new Promise<void>((resolve) => server?.close(() => resolve()));
    },
  };
  server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const record = {
        method: request.method ?? "",
        url: request.url ?? "",
        headers: request.headers,
        body: Buffer.concat(chunks).toString("utf8"),
      };
      recording.received.push(record);
      recording.respond(record, response);
    });
  });
  await new Promise<void>((resolve) => server?.listen(0, "127.0.0.1", resolve));
  return Object.assign(recording, {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
  });
}
