// The server as `npm start` runs it, in API_PROCESSES processes behind Node's cluster module: the
// primary accepts connections on PORT and hands them to the workers in turn (round robin), as a
// local load balancer would. For bench/load.ts --processes; stops its workers on SIGTERM.
//   API_PROCESSES=2 node bench/cluster-server.ts <node flags…> <dist/main.js>
import cluster from 'node:cluster';

const processes = Number(process.env.API_PROCESSES ?? '2');
const args = process.argv.slice(2);
const entry = [...args].reverse().find((arg) => arg.endsWith('.js'))!;
cluster.schedulingPolicy = cluster.SCHED_RR;
cluster.setupPrimary({ exec: entry, execArgv: args.filter((arg) => arg !== entry) });
for (let i = 0; i < processes; i++) cluster.fork();
cluster.on('exit', (worker, code, signal) => {
  if (!stopping) {
    process.stderr.write(`cluster-server: worker ${worker.process.pid} exited (${signal ?? code})\n`);
    process.exit(1);
  }
});
let stopping = false;
process.on('SIGTERM', () => {
  stopping = true;
  for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGTERM');
  const wait = setInterval(() => {
    if (Object.keys(cluster.workers ?? {}).length === 0) {
      clearInterval(wait);
      process.exit(0);
    }
  }, 50);
});
