module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: 'tools',
  rootDir: __dirname,
  // The templates (files/**) are not specs: only the generator's own spec runs here.
  testPathIgnorePatterns: ['/node_modules/', '\\.int\\.spec\\.ts$', '/files/'],
};
