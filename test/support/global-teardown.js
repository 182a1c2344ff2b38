require('./register-paths');
module.exports = require('./stack-teardown.ts').default;
