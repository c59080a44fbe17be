/**
 * Queues kept as an array with a moving head (taking from the front is O(1)): the
 * mailbox, the run queue, the call-timeout lanes. Once things are taken up to `head`, the
 * array is emptied when drained, and the taken prefix is cut off when it is over half the
 * array, so memory follows what is queued now.
 *
 * @param keepStore empty a short queue without dropping its backing store (see below)
 */
export function settleHead(q: unknown[], head: number, keepStore = false): number {
  if (head === q.length) {
    // `length = 0` drops the array's backing store, and the next push allocates one again:
    // ~45 ns and ~150 bytes of garbage each time the queue empties. A queue of the runtime's
    // own that empties all the time (the run queue, the exit list, a call-timeout lane) is emptied by pop
    // instead, which keeps a short store; a mailbox lets its store go, so that an idle
    // process holds none.
    if (keepStore && head <= 16) while (q.length > 0) q.pop();
    else q.length = 0;
    return 0;
  }
  if (head > 1024 && head * 2 > q.length) {
    q.splice(0, head);
    return 0;
  }
  return head;
}
