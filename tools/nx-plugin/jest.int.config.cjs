// The generator for real: tools/scripts/check-downstream-generator.sh runs it in a copy of the
// repository (it is a CI step of its own, .ci/run); this lane has no spec of its own.
module.exports = {
  ...require('../../jest.int.preset.cjs'),
  displayName: 'tools:int',
  rootDir: __dirname,
  testPathIgnorePatterns: ['/node_modules/', '/files/'],
};
