// Child-process entry for reliability tests: the engine from the current sources (createCore, as the headless CLI),
// printing its port as one JSON line on stdout. Login failures are answered after ENGINE_LOGIN_DELAY_MS, so a
// fuzzer's wrong passwords do not stall it for seconds.
import { createCore } from '../../../main/core/app.js';

const core = createCore({
  loginDelayMs: Number(process.env.ENGINE_LOGIN_DELAY_MS ?? 1000),
  resourcesDir: process.env.ENGINE_RESOURCES_DIR,
});
await core.start();
process.stdout.write(`${JSON.stringify({ port: core.port })}\n`);
process.on('SIGTERM', () => {
  void core.stop().finally(() => process.exit(0));
});
