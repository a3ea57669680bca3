import busboy from 'busboy';
import { errorCodes } from 'fastify';
import type { IncomingMessage } from 'node:http';

/** The part of Fastify's instance the parser is added to. */
interface ParserHost {
  addContentTypeParser(
    type: string,
    options: { bodyLimit?: number },
    parser: (request: { url: string; headers: Record<string, string | string[] | undefined> }, payload: IncomingMessage, done: (error: Error | null, body?: unknown) => void) => void,
  ): unknown;
}

/** Paths that take a file in a form: the console's uploads (their routes end in `/import`). */
const UPLOAD_PATH = /^\/console\/.+\/import(\?|$)/;
const MAX_FIELDS = 20;

/**
 * A console form with a file (`enctype="multipart/form-data"`, the only way a browser without
 * JavaScript sends one) becomes a plain body: each field a string, each file its text (UTF-8). Only
 * the console's upload routes accept it; every other route still refuses multipart with 415, as before.
 * The route's body limit (raised for `/import` routes) bounds the whole request.
 */
export function addMultipartFormParser(fastify: ParserHost): void {
  fastify.addContentTypeParser('multipart/form-data', {}, (request, payload, done) => {
    if (!UPLOAD_PATH.test(request.url)) return done(new errorCodes.FST_ERR_CTP_INVALID_MEDIA_TYPE(String(request.headers['content-type'] ?? '')));
    let parser: busboy.Busboy;
    try {
      parser = busboy({ headers: request.headers as busboy.BusboyConfig['headers'], limits: { fields: MAX_FIELDS, files: 1, fieldSize: 100_000 } });
    } catch {
      return done(new errorCodes.FST_ERR_CTP_INVALID_MEDIA_TYPE(String(request.headers['content-type'] ?? '')));
    }
    const body: Record<string, string> = {};
    let finished = false;
    const finish = (error: Error | null) => {
      if (finished) return;
      finished = true;
      if (error) {
        payload.resume();
        return done(Object.assign(error, { statusCode: 400 }));
      }
      done(null, body);
    };
    parser.on('field', (name, value) => (body[name] = value));
    parser.on('file', (name, stream) => {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => (body[name] = Buffer.concat(chunks).toString('utf8')));
    });
    parser.on('error', (error: Error) => finish(error));
    parser.on('close', () => finish(null));
    payload.on('error', (error) => finish(error));
    payload.pipe(parser);
  });
}
