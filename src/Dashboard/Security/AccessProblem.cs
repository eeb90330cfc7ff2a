namespace Sawmill.Dashboard.Security;

/// <summary>Why a new API key or user was refused: the field and what is wrong with it; <see cref="Conflict"/> for a
/// name that is taken.</summary>
public sealed record AccessProblem(string Field, string Detail, bool Conflict = false);
