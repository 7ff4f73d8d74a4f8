import type { PrismaPg } from "@prisma/adapter-pg";

type Transaction = Awaited<
  ReturnType<Awaited<ReturnType<PrismaPg["connect"]>>["startTransaction"]>
>;

/**
 * Prisma 6's query interpreter runs the independent parts of one query plan at the same time; inside an
 * interactive transaction they all go to the one connection of that transaction, which node-postgres
 * only queues (deprecated; pg 9 will refuse). Here each transaction's statements run one after the other.
 */
function serialize(tx: Transaction): Transaction {
  let tail: Promise<unknown> = Promise.resolve();
  const inOrder =
    <A extends unknown[], R>(fn: (...args: A) => Promise<R>) =>
    (...args: A): Promise<R> => {
      const run = tail.then(() => fn(...args));
      tail = run.catch(() => undefined);
      return run;
    };
  tx.queryRaw = inOrder(tx.queryRaw.bind(tx));
  tx.executeRaw = inOrder(tx.executeRaw.bind(tx));
  return tx;
}

export function withSerialTransactions(factory: PrismaPg): PrismaPg {
  const connect = factory.connect.bind(factory);
  factory.connect = async () => {
    const adapter = await connect();
    const start = adapter.startTransaction.bind(adapter);
    adapter.startTransaction = async (isolationLevel) => serialize(await start(isolationLevel));
    return adapter;
  };
  return factory;
}
