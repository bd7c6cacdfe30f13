// DocumentSecurityTests
