namespace Sawmill.Dashboard.Security;

/// <summary>Checks a dashboard sign-in: the silo against its users (<c>UserDirectory</c>), a standalone dashboard host
/// through the silo's API.</summary>
public interface IUserVerifier
{
    Task<SignInOutcome> VerifyAsync(string name, string password, CancellationToken cancellationToken);
}
