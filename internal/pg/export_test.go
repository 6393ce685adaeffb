package pg

// FindServerBinariesIn exposes the binary search to the tests.
var FindServerBinariesIn = findServerBinaries
