// ChipReadersTests
