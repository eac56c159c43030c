/** `npm run viewer:prepare`: unpacks the pinned OHIF build and bundles our extension and mode. */
import { prepareViewer } from '../index';

const started = Date.now();
prepareViewer().then(
  (files) => console.log(`viewer ready in ${Date.now() - started} ms: ${files.appDir}, ${files.modulesDir}`),
  (error: Error) => {
    console.error(`viewer:prepare: ${error.message}`);
    process.exit(1);
  },
);
