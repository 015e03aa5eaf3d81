@acumatica
Feature: Signing in, in either documented body format
  A session starts with `POST {instance URL}/entity/auth/login`, whose body names the
  user, the password and, where the instance needs them, the tenant and the branch.
  The body is JSON or, equally, form-urlencoded. A sign-in that is admitted answers
  204 and carries the session in its cookies, which then authorize entity calls.

  Source: MYOB Acumatica Integration Development Guide, "Sign In to the Service",
  beside "Sign Out from the Service"
  (https://help.myob.com.au/advanced/Docs/Published/IntegrationDevelopmentGuide/IntegrationDev_RESTExample_Basic_Logout.html).

  @clause:ACU-8
  Scenario Outline: A sign-in with a <format> body answers 204 and its cookies authorize entity calls
    When the API user signs in with a <format> body
    Then the sign-in answers 204
    And the session authorizes an entity call

    Examples:
      | format          |
      | JSON            |
      | form-urlencoded |
