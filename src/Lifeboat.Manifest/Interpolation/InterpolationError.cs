namespace Lifeboat.Manifest.Interpolation;

internal sealed record InterpolationError(int Offset, string Message, string? Hint);
