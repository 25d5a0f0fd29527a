import { work, type DarkroomRequest, type DarkroomResponse } from './darkroom.js';

// The darkroom's child process: works each picture it is sent, as many at once as it is sent
// (the build sends one per core), and answers each by its id.

// Ctrl-C reaches the whole process group: the build stops its own way, and stops this with it.
process.on('SIGINT', () => {});
// The build gone without stopping it (killed, crashed): nothing is left to answer.
process.on('disconnect', () => process.exit(0));

process.on('message', (request: DarkroomRequest) => {
  work(request).then(
    (value) => answer({ id: request.id, value }),
    (cause: unknown) => answer({ id: request.id, error: cause instanceof Error ? cause.message : String(cause) }),
  );
});

function answer(response: DarkroomResponse): void {
  if (process.connected) process.send!(response);
}
