import { fork, type ChildProcess } from 'node:child_process';
import type { CardColours, CardText } from './card.js';
import type { EncodeJob } from './renditions.js';
import type { ImageInfo, ImageProblem } from './types.js';

// Where pixels are worked: every picture decoded, probed, encoded or drawn goes through a
// darkroom. A build that has pictures to read or files to make works them in a child process of
// its own, started when the first is asked for; a build that finds everything in the cache
// starts none.
//
// The process is for memory. glibc gives each thread that allocates an arena of its own (up to
// eight per core) and hands little of what an arena held back to the system; libvips decodes
// and encodes on several threads, so a cold build of 200 camera photos peaked at 1.2 GiB in the
// build's own process. The variable that bounds the arenas, MALLOC_ARENA_MAX, is read once, when a
// process starts; the child starts with it, and gives all its memory back when it ends.

export interface Darkroom {
  /** What the picture in `bytes` is, or what is wrong with it. */
  probe(bytes: Uint8Array, hash: string, maxPixels: number): Promise<ImageInfo | ImageProblem>;
  /** Makes the files `jobs` describe from the picture at `source`, each put at `files[i]` in the store. */
  encode(source: string, info: ImageInfo, jobs: EncodeJob[], maxPixels: number, files: string[]): Promise<void>;
  /** Draws a story's social card into `file` in the store. */
  card(text: CardText, colours: CardColours, file: string): Promise<void>;
  close(): Promise<void>;
}

type Work =
  | { kind: 'probe'; bytes: Uint8Array; hash: string; maxPixels: number }
  | { kind: 'encode'; source: string; info: ImageInfo; jobs: EncodeJob[]; maxPixels: number; files: string[] }
  | { kind: 'card'; text: CardText; colours: CardColours; file: string };

export type DarkroomRequest = Work & { id: number };
export type DarkroomResponse = { id: number; value?: unknown; error?: string };

/** The work itself, in whichever process does it. */
export async function work(request: Work): Promise<unknown> {
  const { putFile, readPicture } = await import('./store.js');
  switch (request.kind) {
    case 'probe': {
      const { probe } = await import('./probe.js');
      return probe(request.bytes, request.hash, request.maxPixels);
    }
    case 'encode': {
      const { encode } = await import('./encode.js');
      const made = await encode(await readPicture(request.source), request.info, request.jobs, request.maxPixels);
      request.jobs.forEach((job, i) => putFile(request.files[i]!, made.get(job.path)!));
      return null;
    }
    case 'card': {
      const { drawCard } = await import('./card.js');
      putFile(request.file, await drawCard(request.text, request.colours));
      return null;
    }
  }
}

/** The darkroom as calls in this process: tests, which run the TypeScript sources, and tools that want no child. */
export function inlineDarkroom(): Darkroom {
  return darkroomOf(work, async () => {});
}

/** Thrown for every picture in hand when the child process stops: the fault is not the pictures'. */
export class DarkroomStopped extends Error {
  override name = 'DarkroomStopped';
}

const CHILD = new URL('./darkroom-child.js', import.meta.url);

/** A darkroom in a child process, started at the first request and stopped by `close()`. */
export function darkroomProcess(): Darkroom {
  let child: ChildProcess | null = null;
  let nextId = 0;
  const waiting = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();

  const start = (): ChildProcess => {
    const started = fork(CHILD, [], {
      env: { ...process.env, MALLOC_ARENA_MAX: process.env['MALLOC_ARENA_MAX'] ?? '2' },
      // Not the build's own flags: a profiler or an inspector is after the build, not this.
      execArgv: [],
      serialization: 'advanced',
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    started.on('message', (response: DarkroomResponse) => {
      const call = waiting.get(response.id);
      if (!call) return;
      waiting.delete(response.id);
      if (response.error === undefined) call.resolve(response.value);
      else call.reject(new Error(response.error));
    });
    const stopped = (reason: string) => {
      if (child === started) child = null;
      for (const call of waiting.values()) call.reject(new DarkroomStopped(`the process that works the pictures stopped (${reason})`));
      waiting.clear();
    };
    started.on('error', (error) => stopped(error.message));
    started.on('exit', (code, signal) => stopped(signal ?? `exit code ${code}`));
    return started;
  };

  return darkroomOf(
    (request) =>
      new Promise((resolve, reject) => {
        child ??= start();
        const id = nextId++;
        waiting.set(id, { resolve, reject });
        child.send({ ...request, id }, (error) => {
          if (error && waiting.delete(id)) reject(new DarkroomStopped(`the process that works the pictures could not be reached (${error.message})`));
        });
      }),
    async () => {
      const running = child;
      if (!running) return;
      child = null;
      const gone = new Promise((resolve) => running.once('exit', resolve));
      running.kill();
      await gone;
    },
  );
}

function darkroomOf(ask: (request: Work) => Promise<unknown>, close: () => Promise<void>): Darkroom {
  return {
    probe: (bytes, hash, maxPixels) => ask({ kind: 'probe', bytes, hash, maxPixels }) as Promise<ImageInfo | ImageProblem>,
    encode: async (source, info, jobs, maxPixels, files) => void (await ask({ kind: 'encode', source, info, jobs, maxPixels, files })),
    card: async (text, colours, file) => void (await ask({ kind: 'card', text, colours, file })),
    close,
  };
}
