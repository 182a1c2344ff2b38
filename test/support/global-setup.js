// Global setup runs outside jest's module registry: register the tsconfig aliases first.
require('./register-paths');
module.exports = require('./stack-setup.ts').default;
