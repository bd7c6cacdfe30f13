// EPassportTests
