package eu.passerelle.functions.privacy;

import eu.passerelle.privacy.SignInAccounts;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserNotFoundException;

/**
 * Parents' accounts in the Cognito user pool. The pool signs in by e-mail
 * ({@code UsernameAttributes: [email]}), so a user's name is their {@code sub}: the subject the
 * API sees. A subject from another issuer (FranceConnect, itsme) has no account here: nothing to do.
 */
public final class CognitoSignInAccounts implements SignInAccounts {

    public static final String USER_POOL_SETTING = "USER_POOL_ID";

    private final CognitoIdentityProviderClient cognito;
    private final String userPoolId;

    public CognitoSignInAccounts(CognitoIdentityProviderClient cognito, String userPoolId) {
        this.cognito = cognito;
        this.userPoolId = userPoolId;
    }

    @Override
    public void delete(String subject) {
        try {
            cognito.adminDeleteUser(d -> d.userPoolId(userPoolId).username(subject));
        } catch (UserNotFoundException alreadyGone) {
            // Deleted by an earlier attempt, or signed in through another issuer.
        }
    }
}
