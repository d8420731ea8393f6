// Jest reporter: after a run, names every skipped test group with its count, so a skipped lane
// shows its reason (the describe title carries it) in the log, not only as a number in the summary.
// Jest's default reporter prints nothing for a file whose tests are all skipped.
class SkippedTestsReporter {
  onRunComplete(_contexts, results) {
    const groups = new Map();
    for (const file of results.testResults) {
      for (const test of file.testResults) {
        if (test.status !== 'pending' && test.status !== 'skipped' && test.status !== 'todo') continue;
        const group = test.ancestorTitles[0] ?? test.title;
        groups.set(group, (groups.get(group) ?? 0) + 1);
      }
    }
    if (groups.size === 0) return;
    const total = [...groups.values()].reduce((a, b) => a + b, 0);
    const lines = [...groups].map(([group, count]) => `  ${count} skipped: ${group}`);
    process.stderr.write(`\nSkipped tests (${total}):\n${lines.join('\n')}\n`);
  }
}

module.exports = SkippedTestsReporter;
