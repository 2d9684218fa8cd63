// Fournisseur OpenID Connect local, configuré comme ProConnect, pour les tests (paquet npm oidc-provider).
//
// Comme ProConnect : points d'accès sous /api/v2 (authorize, token, userinfo, jwks, session/end), jetons signés
// RS256 (ID token et userinfo en JWT signé, application/jwt), acr « eidas1 », claims ProConnect (email,
// given_name, usual_name, uid, siret, idp_id), PKCE S256 exigé, client_secret_post, déconnexion sans
// confirmation (end_session avec id_token_hint).
//
// Variables d'environnement :
//   CLIENT_ID, CLIENT_SECRET, REDIRECT_URI, POST_LOGOUT_REDIRECT_URI : le client déclaré (l'application) ;
//   COMPTES : chemin d'un fichier JSON { "adresse": { "given_name": …, "jeton_expire": true, … } } (facultatif) ;
//   PORT : port d'écoute (0 par défaut : un port libre). La première ligne écrite sur la sortie standard est
//   un JSON { "issuer": …, "port": … } : le fournisseur est prêt.
//
// La page de connexion du fournisseur demande l'adresse électronique de l'agent (pas de mot de passe : c'est
// l'identité que ProConnect aurait vérifiée). Un compte marqué "jeton_expire" reçoit un ID token d'une seconde,
// envoyé après deux secondes et demie : il arrive expiré.
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';

import Provider from 'oidc-provider';

const ACR = 'eidas1';
const RETARD_JETON_EXPIRE_MS = 2500;

const comptes = process.env.COMPTES ? JSON.parse(fs.readFileSync(process.env.COMPTES, 'utf8')) : {};

function compte(adresse) {
  const local = adresse.split('@')[0];
  return {
    given_name: local,
    usual_name: 'Agent',
    uid: crypto.createHash('sha256').update(adresse).digest('hex').slice(0, 16),
    siret: '13002526500013',
    idp_id: 'fia1v2',
    ...(comptes[adresse] || {}),
    email: adresse,
  };
}

const cle = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' });

const serveur = http.createServer();
await new Promise((pret) => serveur.listen(Number(process.env.PORT || 0), '127.0.0.1', pret));
const { port } = serveur.address();
const issuer = `http://127.0.0.1:${port}/api/v2`;

const echapper = (texte) => String(texte).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const configuration = {
  clients: [
    {
      client_id: process.env.CLIENT_ID,
      client_secret: process.env.CLIENT_SECRET,
      redirect_uris: [process.env.REDIRECT_URI],
      post_logout_redirect_uris: [process.env.POST_LOGOUT_REDIRECT_URI],
      response_types: ['code'],
      grant_types: ['authorization_code'],
      token_endpoint_auth_method: 'client_secret_post',
      id_token_signed_response_alg: 'RS256',
      userinfo_signed_response_alg: 'RS256',
    },
  ],
  jwks: { keys: [{ ...cle, kid: 'proconnect-local', alg: 'RS256', use: 'sig' }] },
  cookies: { keys: ['proconnect-local-cle-des-cookies'] },
  acrValues: [ACR],
  claims: {
    openid: ['sub'],
    email: ['email'],
    given_name: ['given_name'],
    usual_name: ['usual_name'],
    uid: ['uid'],
    siret: ['siret'],
    idp_id: ['idp_id'],
  },
  scopes: ['openid', 'email', 'given_name', 'usual_name', 'uid', 'siret', 'idp_id'],
  features: {
    devInteractions: { enabled: false },
    claimsParameter: { enabled: true },
    jwtUserinfo: { enabled: true },
    rpInitiatedLogout: {
      enabled: true,
      // ProConnect ne demande pas de confirmation : le formulaire se soumet seul.
      logoutSource: async (ctx, formulaire) => {
        ctx.body = `<!DOCTYPE html><html lang="fr"><head><title>Déconnexion</title></head><body>${formulaire}
<button type="submit" form="op.logoutForm" name="logout" value="yes">Se déconnecter de ProConnect</button>
<script>document.querySelector('button[name=logout]').click();</script></body></html>`;
      },
    },
  },
  pkce: { required: () => true },
  routes: {
    authorization: '/api/v2/authorize',
    token: '/api/v2/token',
    userinfo: '/api/v2/userinfo',
    jwks: '/api/v2/jwks',
    end_session: '/api/v2/session/end',
  },
  ttl: {
    AccessToken: 60,
    AuthorizationCode: 60,
    Interaction: 600,
    Session: 3600,
    Grant: 3600,
    IdToken: (ctx, jeton) => {
      if (compte(jeton.available.sub).jeton_expire) {
        ctx.retarderReponse = true;
        return 1;
      }
      return 60;
    },
  },
  findAccount: async (ctx, sub) => ({
    accountId: sub,
    claims: async () => ({ sub, ...compte(sub) }),
  }),
  // L'agent a consenti une fois pour toutes (ProConnect n'affiche pas d'écran de consentement).
  loadExistingGrant: async (ctx) => {
    const grantId = ctx.oidc.result?.consent?.grantId || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
    if (grantId) {
      return ctx.oidc.provider.Grant.find(grantId);
    }
    const grant = new ctx.oidc.provider.Grant({
      clientId: ctx.oidc.client.clientId,
      accountId: ctx.oidc.session.accountId,
    });
    grant.addOIDCScope([...ctx.oidc.requestParamScopes].join(' '));
    grant.addOIDCClaims([...ctx.oidc.requestParamClaims]);
    await grant.save();
    return grant;
  },
  renderError: async (ctx, sortie) => {
    ctx.type = 'html';
    ctx.body = `<!DOCTYPE html><html lang="fr"><head><title>Erreur</title></head><body><h1>Erreur du fournisseur</h1>
<pre>${echapper(JSON.stringify(sortie))}</pre></body></html>`;
  },
};

const fournisseur = new Provider(issuer, configuration);

// Un ID token « expiré » : la réponse du point d'accès token part après son expiration.
fournisseur.use(async (ctx, suivant) => {
  await suivant();
  if (ctx.retarderReponse) {
    await new Promise((fin) => setTimeout(fin, RETARD_JETON_EXPIRE_MS));
  }
});

async function lireFormulaire(requete) {
  const morceaux = [];
  for await (const morceau of requete) morceaux.push(morceau);
  return new URLSearchParams(Buffer.concat(morceaux).toString('utf8'));
}

// Page de connexion du fournisseur (interaction « login »).
fournisseur.use(async (ctx, suivant) => {
  if (!ctx.path.startsWith('/interaction/')) {
    return suivant();
  }
  const details = await fournisseur.interactionDetails(ctx.req, ctx.res);
  if (ctx.method === 'POST') {
    const formulaire = await lireFormulaire(ctx.req);
    const adresse = (formulaire.get('email') || '').trim().toLowerCase();
    const resultat = { login: { accountId: adresse, acr: ACR, amr: ['pwd'] } };
    const destination = await fournisseur.interactionResult(ctx.req, ctx.res, resultat, {
      mergeWithLastSubmission: false,
    });
    ctx.status = 303;
    ctx.redirect(destination);
    return undefined;
  }
  ctx.type = 'html';
  ctx.body = `<!DOCTYPE html><html lang="fr"><head><title>ProConnect (local)</title></head><body>
<main><h1>ProConnect local</h1><p>Application : ${echapper(details.params.client_id)}</p>
<form method="post" action="/interaction/${echapper(details.uid)}">
<label for="email">Adresse électronique professionnelle</label>
<input id="email" name="email" type="email" autocomplete="email" required>
<button type="submit">Continuer</button></form></main></body></html>`;
  return undefined;
});

serveur.on('request', fournisseur.callback());
process.stdout.write(`${JSON.stringify({ issuer, port })}\n`);

for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => serveur.close(() => process.exit(0)));
}
