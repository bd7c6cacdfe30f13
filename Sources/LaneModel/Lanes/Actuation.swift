/// What a lane asks of its barrier, turnstile and lights; the raw values are the names used in
/// `lane.actuation` records and replay output.
public enum Actuation: String, Sendable, Hashable, CaseIterable {
    case barrierOpen = "barrier.open"
    case barrierClose = "barrier.close"
    case turnstileRelease = "turnstile.release"
    case lightsGreen = "lights.green"
    case lightsRed = "lights.red"
}
