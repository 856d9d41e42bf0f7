// Each test file gets a fresh in-memory IndexedDB (fake-indexeddb), as a browser profile would.
import 'fake-indexeddb/auto';
