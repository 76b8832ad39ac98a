import { type Command, Redis } from 'ioredis';

type NetStream = Redis['stream'];

/**
 * An ioredis client that sends the commands of one event-loop turn in one socket write.
 *
 * The first command of a turn corks the socket and a setImmediate uncorks it once the turn's
 * I/O callbacks have run: the commands of every request handled in that turn leave together,
 * and none waits for a reply to another. ioredis's auto-pipelining batches too, but it keeps
 * one batch in flight, so each command also waits for the round trip of the batch before
 * it; without any batching each command is a write of its own, and a socket write was
 * the largest cost of a create (bench/README.md).
 */
export class CoalescingRedis extends Redis {
  #corked: NetStream | undefined;

  override sendCommand(command: Command, stream?: Parameters<Redis['sendCommand']>[1]): unknown {
    const socket = this.stream as NetStream | undefined;
    if (socket !== undefined && socket !== this.#corked && socket.writable) {
      this.#corked = socket;
      socket.cork();
      setImmediate(() => {
        this.#corked = undefined;
        socket.uncork();
      });
    }
    return super.sendCommand(command, stream);
  }
}
