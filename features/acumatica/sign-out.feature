@acumatica
Feature: Sign out from the contract-based REST service
  Each time an application finishes working with the MYOB Acumatica contract-based
  REST service it signs out: `POST {instance URL}/entity/auth/logout`, with no
  parameters and no request header. The documented answers are 204 (completed),
  400 (invalid data), 429 (the licence's request limit is exceeded) and 500 (internal
  server error); nothing else. After a sign-out, the session's cookies no longer
  authorize an entity call, which answers 401.

  Source: MYOB Acumatica Integration Development Guide, "Sign Out from the Service",
  sections HTTP Method and URL, Parameters, Request Headers and Response Status Codes
  (https://help.myob.com.au/advanced/Docs/Published/IntegrationDevelopmentGuide/IntegrationDev_RESTExample_Basic_Logout.html);
  the 401 is what the same guide documents for an entity call made without a valid
  session.

  @clause:ACU-1
  Scenario: Sign-out answers 204 and the session's cookies stop authorizing entity calls
    Given an API session signed in to the instance
    And the session can read the Customer entity
    When the session signs out
    Then the sign-out answers 204
    And the session's cookies no longer authorize an entity call

  @clause:ACU-2
  Scenario: Sign-out needs no request header and no body
    Given an API session signed in to the instance
    And the session can read the Customer entity
    When the session signs out with a bare request that carries only its cookies
    Then the sign-out answers 204
    And the session's cookies no longer authorize an entity call

  @clause:ACU-3
  Scenario: A sign-out answers a documented status
    Given an API session signed in to the instance
    When the session signs out
    Then the sign-out answers a documented status

  @clause:ACU-A1
  Scenario: Sign-out without any session answers 204 (assumed, not documented)
    # No cookie is sent, so the request names no session at all.
    When a sign-out is sent without any session cookie
    Then the sign-out answers 204

  @clause:ACU-A2
  Scenario: A second sign-out of the same session answers 204 (assumed, not documented)
    Given an API session signed in to the instance
    And the session can read the Customer entity
    And the session has signed out
    When the session signs out again with the same cookies
    Then the sign-out answers 204

  @clause:ACU-A3
  Scenario: Signing out ends only the session signed out; the user's other session stays open (assumed, not documented)
    # The documents do not say what a sign-out does to the same user's other sessions.
    Given an API session signed in to the instance
    And a second API session signed in to the instance
    And the session can read the Customer entity
    And the second session can read the Customer entity
    When the session signs out
    Then the sign-out answers 204
    And the session's cookies no longer authorize an entity call
    And the second session still authorizes an entity call
