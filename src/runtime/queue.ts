/**
 * Queues kept as an array with a moving head (taking from the front is O(1)): the
 * mailbox, the run queue, the call-timeout lanes. Once things are taken up to `head`, the
 * array is emptied when drained, and the taken prefix is cut off when it is over half the
 * array, so memory follows what is queued now.
 */
export function settleHead(q: unknown[], head: number): number {
  if (head === q.length) {
    q.length = 0;
    return 0;
  }
  if (head > 1024 && head * 2 > q.length) {
    q.splice(0, head);
    return 0;
  }
  return head;
}
