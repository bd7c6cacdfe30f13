import Testing
import USB
